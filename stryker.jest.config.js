// Jest config for mutation testing (stryker.config.mjs): only the `unit` project of jest.config.js.
// The integration project needs PostgreSQL and Temporal and has no place in a mutation run.
const { projects } = require('./jest.config.js');

const { displayName: _displayName, ...unit } = projects.find((p) => p.displayName === 'unit');
module.exports = { ...unit, rootDir: __dirname };
