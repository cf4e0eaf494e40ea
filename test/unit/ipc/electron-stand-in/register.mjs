// `node --import ./register.mjs dist-electron/main.js`: resolves 'electron' to the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
