// Stands in for node:assert inside the fetch bundle's copy of undici (scripts/build.mjs). undici calls
// assert() on its hot paths, and loading node:assert costs 2 to 4 ms of start-up. A passing assertion
// does nothing here either; a failing one goes to the real node:assert, which throws as it always did.
'use strict';
const assert = (value, message) => {
  if (!value) require('node:assert')(value, message);
};
assert.ok = assert;
module.exports = assert;
