package hubmirror.workers;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** The callback of {@code setTimeout}. */
@JSFunctor
public interface TimerHandler extends JSObject {
    void onTimer();
}
