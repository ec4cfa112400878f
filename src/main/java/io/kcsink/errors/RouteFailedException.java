package io.kcsink.errors;

/**
 * A record failed in a route whose error policy is {@code fail}: the listener stops without committing the record, and
 * health reports the route DOWN with this reason until the service is restarted.
 */
public class RouteFailedException extends RuntimeException {

    private final String route;

    public RouteFailedException(String route, RecordFailureException reason) {
        super("route '" + route + "' stopped by its error policy 'fail': " + reason.getMessage(), reason);
        this.route = route;
    }

    public String route() {
        return route;
    }
}
