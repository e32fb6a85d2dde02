package hubmirror.workers;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * What a Cron Trigger's run receives ({@code [triggers] crons}): when it was scheduled and by which cron
 * expression. The entry module exports {@code scheduled(controller, env, ctx)}; {@code ctx.waitUntil} keeps the
 * run going after the handler returns.
 */
public interface ScheduledController extends JSObject {
    /** When the run was scheduled (ms since the epoch). */
    @JSProperty
    double getScheduledTime();

    /** The cron expression that fired (e.g. {@code "*&#47;30 * * * *"}). */
    @JSProperty
    String getCron();
}
