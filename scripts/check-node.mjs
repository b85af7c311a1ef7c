// Run before `npm start` and `npm run dev` (prestart, predev), ahead of anything that needs a newer
// Node. Plain syntax on purpose, so that an old Node can parse it and say what to install.
var parts = process.versions.node.split('.').map(Number);
var ok = (parts[0] === 22 && parts[1] >= 13) || parts[0] >= 24;
if (!ok) {
  console.error(
    [
      'This is Node.js ' + process.versions.node + '; the portal needs Node.js 22 LTS (22.13 or later) or 24 and later.',
      'Install Node.js 22 (`nvm install 22`, your system packages, or from npm as below), then run `npm install` and `npm start` again:',
      '  npm install --no-save --prefix "$HOME/.cache/portal-node22" node@22',
      '  export PATH="$HOME/.cache/portal-node22/node_modules/.bin:$PATH"',
    ]
      .map(function (line) {
        return '[portal] ' + line;
      })
      .join('\n'),
  );
  process.exit(1);
}
