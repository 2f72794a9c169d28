#!/usr/bin/env node
// Builds imapmemserver (go-imap's IMAP server keeping its mail in memory; IDLE, MOVE, APPEND, and
// INBOX, Archive, Trash, … for its one user) from its Go module into the git-ignored
// .tools/imap/bin, for the IMAP ingress's integration tests (see go-tool.mjs). Idempotent and
// quiet when the binary is already in place or IMAP_SERVER_PATH points elsewhere.
import { installGoTool } from './go-tool.mjs';

installGoTool({
  what: 'IMAP server',
  tool: 'imapmemserver',
  module: 'github.com/emersion/go-imap/v2/cmd/imapmemserver@v2.0.0-beta.8',
  folder: 'imap',
  file: 'imapmemserver',
  override: 'IMAP_SERVER_PATH',
  needs: 'Go 1.18 or newer (go-imap v2.0.0-beta.8 go.mod)',
  coldBuild: 'under a minute',
});
