// Turns the npm packages spdx-license-list, spdx-license-ids (deprecated flags) and spdx-exceptions into the
// list Governance embeds. Run through update.sh, which installs the pinned (or newest) versions first.
'use strict';
const fs = require('fs');
const path = require('path');
const version = name => require(`${name}/package.json`).version;
const licences = require('spdx-license-list');
const deprecatedLicences = new Set(require('spdx-license-ids/deprecated.json'));
const exceptions = require('spdx-exceptions');
const deprecatedExceptions = new Set(require('spdx-exceptions/deprecated.json'));

const list = {
  source: `npm spdx-license-list@${version('spdx-license-list')}, spdx-license-ids@${version('spdx-license-ids')}, spdx-exceptions@${version('spdx-exceptions')}`,
  licences: Object.keys(licences).sort((a, b) => a.localeCompare(b, 'en')).map(id => ({
    id,
    name: licences[id].name,
    osiApproved: !!licences[id].osiApproved,
    // "GPL-2.0+"-style ids are deprecated by SPDX in favour of "-or-later"; spdx-license-ids leaves them out.
    deprecated: deprecatedLicences.has(id) || id.endsWith('+'),
  })),
  exceptions: [...exceptions, ...deprecatedExceptions].filter((id, i, all) => all.indexOf(id) === i)
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map(id => ({ id, deprecated: deprecatedExceptions.has(id) })),
};
const out = process.argv[2];
fs.writeFileSync(out, JSON.stringify(list, null, 1) + '\n');
console.log(`${path.basename(out)}: ${list.licences.length} licences, ${list.exceptions.length} exceptions (${list.source})`);
