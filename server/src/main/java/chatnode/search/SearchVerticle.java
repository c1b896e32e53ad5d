package chatnode.search;

import chatnode.bus.Addresses;
import chatnode.bus.Replies;
import chatnode.bus.SearchQuery;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Full-text search over the store's own index: one instance per node, answering {@link SearchQuery}. */
public final class SearchVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SearchVerticle.class);

  private final Store store;

  public SearchVerticle(Store store) {
    this.store = store;
  }

  @Override
  public Future<?> start() {
    SearchIndex index = SearchIndex.of(store.embedded());
    return Replies.serve(vertx, Addresses.SEARCH, (SearchQuery q) -> store.read(c -> Searches.find(c, index, q)), log);
  }
}
