// For a course page that mounts widgets with <div data-sgd-widget="id" data-…>: load this file
// once, as <script type="module" src="…/sgd-layers/mount.js"></script>, from wherever dist/ was
// copied. It finds its bundles next to itself.
import init from './sgd-layers.js';

init({ module_or_path: new URL('./sgd-layers_bg.wasm', import.meta.url) });
