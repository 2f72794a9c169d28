// A single-page app: nothing renders on a server, nothing is prerendered (the API serves index.html
// for every path under /desk).
export const ssr = false;
export const prerender = false;
