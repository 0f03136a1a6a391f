// npm run bench: the three budgets of issue 5, each against its baseline measured in the same run.
await import('./startup.mjs');
console.log();
await import('./fetch.mjs');
console.log();
await import('./scan.mjs');
