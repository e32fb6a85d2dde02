package hubmirror.workers;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * {@code request.cf}: what Cloudflare knows of the client. Any field can be missing (locally, or when
 * Cloudflare does not know): strings come back null, numbers 0. An interface because no JS global has
 * this name (TeaVM's strict mode checks class types with {@code instanceof}).
 */
public interface IncomingRequestCfProperties extends JSObject {
    /** ISO 3166-1 alpha-2, "T1" for Tor; null when unknown. */
    default String getCountry() {
        return Request.cfString(this, "country");
    }

    /** IATA code of the data centre that took the request. */
    default String getColo() {
        return Request.cfString(this, "colo");
    }

    default String getCity() {
        return Request.cfString(this, "city");
    }

    default String getContinent() {
        return Request.cfString(this, "continent");
    }

    default String getHttpProtocol() {
        return Request.cfString(this, "httpProtocol");
    }

    default String getTlsVersion() {
        return Request.cfString(this, "tlsVersion");
    }

    /** The client's autonomous system number. */
    @JSProperty
    int getAsn();

    /** Any field by name, when it is a string; null otherwise. */
    default String get(String name) {
        return Request.cfString(this, name);
    }

}
