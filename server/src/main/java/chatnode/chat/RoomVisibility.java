package chatnode.chat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which rooms are private, as far as this node knows: a message to a room known to be public needs
 * no store access to be allowed, one to a private room or to a room not known here has its
 * sender's membership checked in the transaction that stores it. Bounded: a room forgotten is
 * merely unknown. Owned by the chat verticle's event loop.
 */
final class RoomVisibility {
  private final int maxRooms;
  private final LinkedHashMap<String, Boolean> privateByRoom = new LinkedHashMap<>();

  RoomVisibility(int maxRooms) {
    this.maxRooms = maxRooms;
  }

  /** True (private), false (public), or null when not known here. */
  Boolean isPrivate(String room) {
    return privateByRoom.get(room);
  }

  void learn(String room, boolean isPrivate) {
    privateByRoom.remove(room);
    privateByRoom.put(room, isPrivate);
    Iterator<Map.Entry<String, Boolean>> eldest = privateByRoom.entrySet().iterator();
    while (privateByRoom.size() > maxRooms && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }
}
