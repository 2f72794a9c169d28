// SvelteKit's app-wide types (none needed yet: the desk has no server side).
declare global {
  namespace App {}
}

export {};
