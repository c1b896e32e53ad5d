package chatnode.bus;

/** A gateway's first member of a room / session of a user arrived ({@code +1}) or its last left ({@code -1}). */
public record Interest(String room, String user, int delta) {}
