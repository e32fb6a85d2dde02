// workerd wants `export default { fetch }`; TeaVM exports the Java method by name.
import { fetch } from "../../../target/examples/js/probe.js";

export default { fetch };
