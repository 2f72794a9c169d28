import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** A new Ed25519 sealing key as PKCS#8 PEM, for a deployment (or `dev`) to keep off the database host. */
export function generateSealKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The Ed25519 private key in the PEM file `file` (what the sealer signs with). */
export async function readSealPrivateKey(file: string): Promise<KeyObject> {
  return ed25519(createPrivateKey(await readFile(file, 'utf8')), file);
}

/**
 * The Ed25519 public key seals verify with: from a public-key PEM file, or derived from the
 * private key's file (a verifier does not need the private key; see docs/threat-model.md).
 */
export async function readSealPublicKey(file: string): Promise<KeyObject> {
  const pem = await readFile(file, 'utf8');
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  return ed25519(key, file);
}

function ed25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${file} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; seals need an Ed25519 key`);
  }
  return key;
}
