package hubmirror.registry;

/**
 * One error the mirror answers itself, in the registry's JSON form:
 * {@code {"errors":[{"code":…,"message":…,"detail":…}]}}.
 */
public final class RegistryError {
    private final ErrorCode code;
    private final int status;
    private final String message;
    private final String detail;

    public RegistryError(ErrorCode code, int status, String message, String detail) {
        this.code = code;
        this.status = status;
        this.message = message == null ? code.defaultMessage() : message;
        this.detail = detail;
    }

    public static RegistryError of(ErrorCode code, String message, String detail) {
        return new RegistryError(code, code.status(), message, detail);
    }

    public static RegistryError of(ErrorCode code, String message) {
        return of(code, message, null);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String detail() {
        return detail;
    }

    public String toJson() {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"errors\":[{\"code\":");
        Json.appendString(out, code.name());
        out.append(",\"message\":");
        Json.appendString(out, message);
        out.append(",\"detail\":");
        if (detail == null) {
            out.append("null");
        } else {
            Json.appendString(out, detail);
        }
        return out.append("}]}\n").toString();
    }
}
