// The module Wrangler loads. workerd wants `export default { fetch }`, which TeaVM cannot emit, so this
// shim hands each request to the Java export, with the home page templates imported as text modules, and
// each Cron run to the scheduled one.
import { fetch as handle, scheduled as prewarm } from "../../../target/worker/hubmirror.js";
import homeHtml from "../../../html/index.html";
import homeText from "../../../html/index.txt";

const FAILED = '{"errors":[{"code":"UNKNOWN","message":"the mirror failed unexpectedly; try again","detail":null}]}\n';

function failed(e) {
  // workerd's own log drops the messages of errors thrown by TeaVM code
  console.error("hubmirror: " + (e && e.message ? e.message : String(e)));
  return new Response(FAILED, { status: 500, headers: { "content-type": "application/json" } });
}

export default {
  fetch(request, env, ctx) {
    try {
      return handle(request, env, ctx, homeHtml, homeText).catch(failed);
    } catch (e) {
      return failed(e);
    }
  },
  // a Cron Trigger's run: the content bucket pre-warmed (PREWARM_IMAGES); its work goes on in ctx.waitUntil
  scheduled(controller, env, ctx) {
    try {
      return prewarm(controller, env, ctx).catch((e) => console.error("hubmirror: pre-warm: " + (e && e.message ? e.message : String(e))));
    } catch (e) {
      console.error("hubmirror: pre-warm: " + (e && e.message ? e.message : String(e)));
    }
  },
};
