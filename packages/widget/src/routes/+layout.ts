// One page rendered in the browser: nothing on a server, nothing prerendered (the API serves
// index.html for /widget, with the frame-ancestors of the key in its address).
export const ssr = false;
export const prerender = false;
