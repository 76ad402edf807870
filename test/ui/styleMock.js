// Stylesheets are irrelevant under jsdom; every `import './x.css'` resolves here (jest.config.js `ui`).
module.exports = {}
