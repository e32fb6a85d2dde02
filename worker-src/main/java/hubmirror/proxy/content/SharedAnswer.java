package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;

import hubmirror.workers.Promise;
import hubmirror.workers.Response;

/**
 * One upstream request that concurrent requests of this isolate share ({@link InFlight}): this request either
 * leads it (its answer is the one the others get) or follows a running one, and falls back to its own when the
 * running one does not come within the shared wait. Whether it followed is a value the caller reads after.
 */
public final class SharedAnswer {
    private final Mirror mirror;
    private final InFlight<HeldAnswer.Value> flights;
    private final String flight;
    private boolean followed;

    SharedAnswer(Mirror mirror, InFlight<HeldAnswer.Value> flights, String flight) {
        this.mirror = mirror;
        this.flights = flights;
        this.flight = flight;
    }

    /** The request under way for this flight, or null when there is none to follow. */
    Promise<HeldAnswer.Value> running() {
        return flights.running(flight, mirror.config.sharedWaitMillis());
    }

    /** Whether this request's answer came from a concurrent request's (which then stores what it found). */
    boolean followed() {
        return followed;
    }

    /**
     * {@code running}'s answer as a response of this request's own; when it does not come within the shared wait,
     * this request's {@code own} (which then takes the flight's place).
     */
    Promise<Response> follow(Promise<HeldAnswer.Value> running, InFlight.Alone<HeldAnswer.Value> own,
            String sharedNote, String lateNote) {
        followed = true;
        return InFlight.join(running, mirror.config.sharedWaitMillis(), () -> {
            followed = false;
            mirror.log.note(lateNote);
            return lead(own.get());
        }).then(held -> {
            if (followed) {
                mirror.log.note(sharedNote);
            }
            return HeldAnswer.response(held);
        });
    }

    /**
     * {@code answer} is the one for this flight in this isolate, and it is kept going after this request's answer
     * has gone ({@code waitUntil}): the requests that wait for it must not lose it when this client leaves.
     */
    Promise<HeldAnswer.Value> lead(Promise<HeldAnswer.Value> answer) {
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(answer.catchError(failure -> null));
        }
        return flights.share(flight, answer);
    }
}
