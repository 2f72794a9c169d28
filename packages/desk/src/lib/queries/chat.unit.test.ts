import { type DocumentNode, type FieldNode, Kind, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ChatUpdated } from './chat.ts';

/** The fields selected directly under `chatUpdated`. */
function updateFields(document: DocumentNode): string[] {
  const names: string[] = [];
  visit(document, {
    Field(node: FieldNode) {
      if (node.name.value !== 'chatUpdated') return;
      for (const selection of node.selectionSet?.selections ?? [])
        if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    },
  });
  return names;
}

describe("the chat console's live updates", () => {
  // `ChatUpdate.chat` waits for the chats read model and the API sends an update whole: selecting
  // it would hold each message back until then (issue #60: the message on the agent's screen).
  it('take the message from the update and leave the chat to a read after it', () => {
    const fields = updateFields(ChatUpdated as DocumentNode);
    expect(fields).toContain('message');
    expect(fields).toContain('consistencyToken');
    expect(fields).not.toContain('chat');
  });
});
