// workerd wants `export default { fetch, scheduled }`; TeaVM exports the Java methods by name.
import { fetch, scheduled } from "../../../target/examples/js/probe.js";

export default { fetch, scheduled };
