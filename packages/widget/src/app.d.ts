// SvelteKit's app-wide types (none needed yet: the widget has no server side).
declare global {
  namespace App {}
}

export {};
