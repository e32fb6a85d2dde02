package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * The Rate Limiting binding ({@code [[ratelimits]]} with {@code simple = { limit, period }}): counts calls
 * per key within the period, per Cloudflare location. Cheap enough to call on every request.
 */
public abstract class RateLimit implements JSObject {
    private RateLimit() {
    }

    @JSBody(params = {"binding", "key"}, script = "return binding.limit({ key: key });")
    private static native Promise<Outcome> limit(RateLimit binding, String key);

    /** Counts one call for {@code key}; the outcome says whether it is within the limit. */
    public final Promise<Outcome> limit(String key) {
        return limit(this, key);
    }

    public interface Outcome extends JSObject {
        @JSProperty
        boolean isSuccess();
    }
}
