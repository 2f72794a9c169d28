/**
 * What the stream must look like for an append to go through: exactly at a version
 * (0 means "no events yet"), not existing, existing, or anything.
 *
 * In a module of its own, so the port and its errors both name it without importing each other.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';
