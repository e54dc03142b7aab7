// Loads the ALTCHA widget (MIT, vendored unmodified in this folder: see README.md and LICENSE.txt) the way Agora's strict
// Content-Security-Policy allows: the "external" build (no inline styles, no blob: workers), its stylesheet linked by the
// page, and the PBKDF2 worker served from this origin. Nothing is fetched from anywhere else and no cookie is set.
import './altcha.min.js';
import './i18n/de.js';
import './i18n/fr-fr.js';
import './i18n/lb.js';

const worker = () => new Worker(new URL('./pbkdf2.js', import.meta.url));
globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', worker);
