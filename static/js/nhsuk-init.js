// Starts the NHS.UK frontend's components (header menu, error summary, skip link).
import { initAll } from "../build/nhsuk-frontend.min.js";

initAll();
