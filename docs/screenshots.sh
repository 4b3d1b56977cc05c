#!/bin/sh
# Refreshes the staff guide's pictures: the browser test takes them (test-results/pages/), this
# copies the ones the guide shows into docs/images/. Needs Chromium (see docs/developer.md, Tests).
set -eu
cd "$(dirname "$0")/.."
pnpm exec vitest run test/dashboard-browser.test.ts -t "every page reads"
mkdir -p docs/images
for page in today alerts alert coverage report import; do cp "test-results/pages/$page-desktop.jpg" docs/images/; done
cp test-results/pages/alert-phone.jpg docs/images/
