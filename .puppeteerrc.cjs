// whatsapp-web.js depends on puppeteer; its install would download a browser, which this
// project never uses: we run Debian's Chromium (CHROMIUM_PATH) instead.
module.exports = { skipDownload: true };
