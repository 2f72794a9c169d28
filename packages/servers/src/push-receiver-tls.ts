/**
 * A self-signed certificate for 127.0.0.1, ::1 and localhost (valid 2000-2126, so no machine's
 * clock rejects it) and its key, for the push receiver only: push clients speak HTTPS alone, and
 * a test server needs no secrecy. A client trusts it by taking {@link PUSH_RECEIVER_CERTIFICATE}
 * as its CA, never by turning verification off. Made with `openssl ca -selfsign` (P-256 key).
 */
export const PUSH_RECEIVER_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBtzCCAV2gAwIBAgIBATAKBggqhkjOPQQDAjAzMTEwLwYDVQQDDChzdXBwb3J0
LWVuZ2luZSBwdXNoIHJlY2VpdmVyICh0ZXN0IG9ubHkpMCAXDTAwMDEwMTAwMDAw
MFoYDzIxMjYwMTAxMDAwMDAwWjAzMTEwLwYDVQQDDChzdXBwb3J0LWVuZ2luZSBw
dXNoIHJlY2VpdmVyICh0ZXN0IG9ubHkpMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAEQQoRf2Vl4BDXeINahskdrcKznJQ0xFC4u54fNjOD1R0wDR4LOVdio8WAlfBe
CAGRWqiQaEMlObMxtqmRaoOVGaNgMF4wDwYDVR0TAQH/BAUwAwEB/zAsBgNVHREE
JTAjhwR/AAABhxAAAAAAAAAAAAAAAAAAAAABgglsb2NhbGhvc3QwHQYDVR0OBBYE
FB/G8jY5Q5Ljs7l0VcobDI/JjRboMAoGCCqGSM49BAMCA0gAMEUCICYBjmr+93wU
462zlmyordI/VU+nlJ3PZqR1M5SZ6P7cAiEAzThIFWeklGLrYA33NGK5J+cxoRW8
RjwPGTIUI1WT1vs=
-----END CERTIFICATE-----
`;

/** The key of {@link PUSH_RECEIVER_CERTIFICATE}; public on purpose, never use it elsewhere. */
export const PUSH_RECEIVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgHZaC+g2z1VMv3DNG
MkA9eRT+gBpSDcJsFgRs8kJWPUKhRANCAARBChF/ZWXgENd4g1qGyR2twrOclDTE
ULi7nh82M4PVHTANHgs5V2KjxYCV8F4IAZFaqJBoQyU5szG2qZFqg5UZ
-----END PRIVATE KEY-----
`;
