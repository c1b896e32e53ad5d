package chatnode.bus;

import java.util.List;

/** Messages oldest first, and the conversation's newest seq when they were read (0: none yet). */
public record HistoryPage(long newest, List<Stored> messages) {}
