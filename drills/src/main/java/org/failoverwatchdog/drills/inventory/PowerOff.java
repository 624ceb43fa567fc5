package org.failoverwatchdog.drills.inventory;

/**
 * How the power-off drill takes a node away. The lab kills the node's container (a real power cut
 * for everything inside it); a real deployment without a power switch uses the clean simulation the
 * reference deployment used (watchdog stopped, Compose down), or a configured command (an IPMI or
 * cloud CLI call).
 */
public sealed interface PowerOff permits PowerOff.Container, PowerOff.Clean, PowerOff.Command {
    String describe();

    /** docker kill / docker start of the node's container, run on the drill host. */
    record Container() implements PowerOff {
        public String describe() {
            return "container (docker kill / docker start on this host)";
        }
    }

    /** Stop the watchdog timer and bring the Compose project down; back: project up, timer on. */
    record Clean() implements PowerOff {
        public String describe() {
            return "clean (watchdog timer stopped, Compose project down)";
        }
    }

    /** Commands run on the drill host; {node}, {address} and {container} are filled in. */
    record Command(String off, String on) implements PowerOff {
        public String describe() {
            return "command (off: " + off + ")";
        }
    }
}
