import { describe, expect, it } from 'vitest';
import { AttachmentStoreConfigError, loadAttachmentStoreConfig } from './config.js';

describe('the attachment store configuration', () => {
  it('is a local folder unless told otherwise', () => {
    expect(loadAttachmentStoreConfig({})).toEqual({ kind: 'local' });
    expect(loadAttachmentStoreConfig({ ATTACHMENT_DIR: '/srv/files' })).toEqual({ kind: 'local', dir: '/srv/files' });
  });

  it('reads an S3-compatible bucket, path-style by default with an endpoint', () => {
    const env = {
      ATTACHMENT_STORE: 's3',
      S3_BUCKET: 'support-files',
      S3_ENDPOINT: 'http://127.0.0.1:7070',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
    };
    expect(loadAttachmentStoreConfig(env)).toEqual({
      kind: 's3',
      bucket: 'support-files',
      prefix: '',
      endpoint: 'http://127.0.0.1:7070',
      region: 'us-east-1',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    expect(loadAttachmentStoreConfig({ ...env, S3_ENDPOINT: undefined })).toMatchObject({ forcePathStyle: false });
  });

  it('names the variables that are wrong', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadAttachmentStoreConfig(env);
      } catch (error) {
        if (error instanceof AttachmentStoreConfigError) return error.problems.map((p) => p.variable);
        throw error;
      }
      return [];
    };
    expect(problems({ ATTACHMENT_STORE: 'ftp' })).toEqual(['ATTACHMENT_STORE']);
    expect(problems({ ATTACHMENT_STORE: 's3', S3_ENDPOINT: 'not a url' })).toEqual(['S3_BUCKET', 'S3_ENDPOINT']);
    // One key without the other is a mistake; neither leaves credentials to the AWS SDK.
    expect(problems({ ATTACHMENT_STORE: 's3', S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'key' })).toEqual([
      'S3_ACCESS_KEY_ID',
    ]);
    expect(loadAttachmentStoreConfig({ ATTACHMENT_STORE: 's3', S3_BUCKET: 'files' })).toEqual({
      kind: 's3',
      bucket: 'files',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });
});
