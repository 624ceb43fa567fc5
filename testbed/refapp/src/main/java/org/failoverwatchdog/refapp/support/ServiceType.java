package org.failoverwatchdog.refapp.support;

import java.util.List;

/** The app service types of the reference stack and their default HTTP ports. */
public final class ServiceType {

    public static final List<String> NAMES = List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION");

    private ServiceType() {}

    public static boolean isKnown(String type) {
        return NAMES.contains(type);
    }

    public static int defaultHttpPort(String type) {
        switch (type) {
            case "GATEWAY":
                return 8081;
            case "DATASERVICE":
                return 8082;
            case "EDGE":
                return 8083;
            case "BASTION":
                return 8084;
            default:
                throw new IllegalArgumentException("unknown service type " + type);
        }
    }
}
