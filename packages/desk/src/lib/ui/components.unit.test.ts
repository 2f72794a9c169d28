import { type Component, createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCatalogue } from '../i18n/catalogue.ts';
import { CATALOGUES } from '../i18n/index.ts';
import ActionResult from './ActionResult.svelte';
import Alert from './Alert.svelte';
import Badge from './Badge.svelte';
import Button from './Button.svelte';
import Card from './Card.svelte';
import Combobox from './Combobox.svelte';
import DropdownMenu from './DropdownMenu.svelte';
import Field from './Field.svelte';
import type { FieldControl } from './field.ts';
import Tabs from './Tabs.svelte';

// The components rendered to HTML as the server would (svelte/server): their markup and ARIA
// wiring, without a browser. What they do in use (keys, focus, portals) is the browser tests'.

/** The HTML a component renders with `props`, without the comments Svelte marks its blocks with. */
// biome-ignore lint/suspicious/noExplicitAny: any component, each with its own props.
const html = <P extends Record<string, any>>(component: Component<P>, props: P) =>
  render(component, { props })
    .body.replace(/<!--.*?-->/g, '')
    .trim();
const words = (text: string) => createRawSnippet(() => ({ render: () => `<span>${text}</span>` }));
/** The control a Field gives its snippet: an input carrying every attribute it was given. */
const input = createRawSnippet((control: () => FieldControl) => ({
  render: () =>
    `<input ${Object.entries(control())
      .map(([name, value]) => `${name}="${value}"`)
      .join(' ')} />`,
}));
/** A tag's opening, from its first attribute to its `>`, found by one of its attributes. */
const tagWith = (body: string, attribute: string) => body.match(new RegExp(`<[^>]*${attribute}[^>]*>`))?.[0] ?? '';

describe('the components’ markup', () => {
  beforeAll(() => useCatalogue(CATALOGUES.en));
  it('a Button is a native button of its variant, type="button" unless told', () => {
    expect(html(Button, { variant: 'danger', children: words('Delete') })).toBe(
      '<button type="button" data-variant="danger"><span>Delete</span></button>',
    );
    expect(html(Button, { type: 'submit', children: words('Save') })).toContain(
      '<button type="submit" data-variant="secondary">',
    );
  });

  it('a Field labels its control and ties its hint and problem to it', () => {
    const body = html(Field, { id: 'tier', label: 'Tier', hint: 'From 1 to 3', problem: 'Too high', children: input });
    expect(body).toContain('<label for="tier">Tier</label>');
    expect(body).toContain('<input id="tier" aria-describedby="tier-hint tier-problem" aria-invalid="true" />');
    expect(body).toContain('<span class="hint" id="tier-hint">From 1 to 3</span>');
    expect(body).toContain('<span class="problem" id="tier-problem">Too high</span>');
    const calm = html(Field, { id: 'tier', label: 'Tier', children: input });
    expect(calm).toContain('<input id="tier" />');
    expect(calm).not.toContain('problem');
  });

  it('a Badge and an Alert carry their tone; a danger alert is announced at once, the others politely', () => {
    expect(html(Badge, { tone: 'warning', children: words('High') })).toBe(
      '<span class="badge" data-tone="warning"><span>High</span></span>',
    );
    expect(html(Alert, { children: words('Refused') })).toBe(
      '<p class="alert" data-tone="danger" role="alert"><span>Refused</span></p>',
    );
    expect(html(Alert, { tone: 'success', children: words('Saved') })).toContain('role="status"');
  });

  it('ActionResult shows only what it is given, the failure as an alert', () => {
    const done = html(ActionResult, { done: 'Saved.' });
    expect(done).toBe('<div aria-live="polite"><p class="alert" data-tone="success">Saved.</p></div>');
    expect(html(ActionResult, { failure: 'Refused.' })).toBe(
      '<div aria-live="polite"></div> <p class="alert" data-tone="danger" role="alert">Refused.</p>',
    );
  });

  it('a Card with a title is a region named by its heading', () => {
    const body = html(Card, { id: 'queues', title: 'Queues', children: words('…') });
    expect(body).toContain('<section class="card" id="queues" aria-labelledby="queues-title">');
    expect(body).toContain('<h2 id="queues-title">Queues</h2>');
  });

  it('a Combobox is an input with the combobox role, showing the label of the value it holds', () => {
    const body = html(Combobox, {
      id: 'assignee',
      value: 'agent-linus',
      options: [
        { value: '', label: 'Unassigned' },
        { value: 'agent-linus', label: 'Linus Pauling (tier 2)' },
      ],
      onPick: () => undefined,
    });
    const field = tagWith(body, 'id="assignee"');
    expect(field).toContain('role="combobox"');
    expect(field).toContain('aria-expanded="false"');
    expect(field).toContain('data-value="agent-linus"');
    expect(field).toContain('value="Linus Pauling (tier 2)"');
    expect(tagWith(body, 'aria-label="Show the choices"')).toMatch(/^<button /);
  });

  it('a DropdownMenu is a button telling it opens a menu, closed until used', () => {
    const body = html(DropdownMenu, {
      label: 'Actions',
      actions: [{ label: 'Close the chat', onSelect: () => undefined }],
    });
    const trigger = tagWith(body, 'aria-haspopup="menu"');
    expect(trigger).toMatch(/^<button /);
    expect(trigger).toContain('aria-expanded="false"');
    expect(body).toContain('Actions');
    expect(body).not.toContain('Close the chat');
  });

  it('Tabs are a named tablist, the chosen tab selected and only its panel shown', () => {
    const panel = createRawSnippet((value: () => string) => ({ render: () => `<p>panel ${value()}</p>` }));
    const body = html(Tabs, {
      value: 'tag',
      label: 'Tickets by',
      tabs: [
        { value: 'agent', label: 'Agent' },
        { value: 'tag', label: 'Tag' },
      ],
      panel,
    });
    expect(tagWith(body, 'role="tablist"')).toContain('aria-label="Tickets by"');
    expect(tagWith(body, 'data-value="tag" data-orientation="horizontal" aria-selected')).toContain(
      'aria-selected="true"',
    );
    expect(tagWith(body, 'data-value="agent" data-orientation="horizontal" aria-selected')).toContain(
      'aria-selected="false"',
    );
    expect(tagWith(body, 'role="tabpanel"[^>]*data-value="agent"')).toContain('hidden');
    expect(tagWith(body, 'role="tabpanel"[^>]*data-value="tag"')).not.toContain('hidden');
  });
});
