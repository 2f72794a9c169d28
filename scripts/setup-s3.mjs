#!/usr/bin/env node
// Builds versitygw (an S3-compatible server; its posix backend keeps buckets as folders) from its
// Go module into the git-ignored .tools/s3/bin, for the S3 attachment-storage integration tests
// (see go-tool.mjs). Idempotent and quiet when the binary is already in place or S3_SERVER_PATH
// points elsewhere.
import { installGoTool } from './go-tool.mjs';

installGoTool({
  what: 'S3 server',
  tool: 'versitygw',
  module: 'github.com/versity/versitygw/cmd/versitygw@v1.8.0',
  folder: 's3',
  file: 'versitygw',
  override: 'S3_SERVER_PATH',
  needs: 'Go 1.25 or newer (versitygw v1.8.0 go.mod)',
  coldBuild: 'a minute or two',
});
