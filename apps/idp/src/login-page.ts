import type { DemoUser } from './realm.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The development login page: pick a demo user. Never part of a production realm. */
export function loginPage(users: DemoUser[]): string {
  const rows = users
    .map(
      (u) => `<li><form method="post"><input type="hidden" name="username" value="${escape(u.username)}">
        <button type="submit">${escape(u.name)}</button> <span>${escape(u.description)} — ${escape(u.roles.join(', '))}</span></form></li>`,
    )
    .join('\n');
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Inloggen — Ontmoetingsplein (ontwikkelomgeving)</title></head>
<body><h1>Inloggen op het Ontmoetingsplein</h1>
<p>Ontwikkelomgeving: kies een demogebruiker. In productie logt u in via Keycloak.</p>
<ul>${rows}</ul></body></html>`;
}
