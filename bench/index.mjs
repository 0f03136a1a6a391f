// npm run bench: the budgets of issues 5 and 13, each against its baseline measured in the same run.
await import('./startup.mjs');
console.log();
await import('./fetch.mjs');
console.log();
await import('./scan.mjs');
console.log();
await import('./problem-lines.mjs');
console.log();
await import('./fleet.mjs');
console.log();
await import('./large-reply.mjs');
console.log();
await import('./seed.mjs');
console.log();
await import('./mask.mjs');
console.log();
await import('./watch.mjs');
