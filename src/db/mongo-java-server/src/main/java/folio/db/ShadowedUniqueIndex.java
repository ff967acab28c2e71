package folio.db;

import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * A unique index of mongo-java-server's (which enforces uniqueness and serves the shapes it serves
 * itself) with a {@link SecondaryIndex} of the same fields beside it, which {@link QueryPlanner}
 * uses for every other shape. The library's unique index keys only single-segment paths the way
 * its matcher reads them: a dotted path such as Payload's localized {@code slug.en} reached through
 * an array is missing from it, so the planner never uses it for lookups; the secondary index keys
 * such documents generously (multikey) and only narrows, so its answers are a scan's.
 *
 * <p>Every callback goes to the unique index first: when it refuses a document (a duplicate key),
 * the secondary index never sees it. Removals reach the secondary index through
 * {@link QueryPlanner#removing}, which knows the position.
 */
final class ShadowedUniqueIndex<P> extends Index<P> {

    private final Index<P> unique;
    private final SecondaryIndex<P> lookup;

    ShadowedUniqueIndex(Index<P> unique, boolean sparse) {
        super(unique.getName(), unique.getKeys(), sparse);
        this.unique = unique;
        // Not sparse: it lists every document (those without the fields under null), as candidates are all it gives.
        this.lookup = new SecondaryIndex<>(unique.getName(), unique.getKeys(), false);
    }

    /** Whether Folio keeps a secondary index beside a unique index on these fields: all but the primary key. */
    static boolean isShadowed(String indexName) {
        return !indexName.equals("_id_");
    }

    SecondaryIndex<P> lookup() {
        return lookup;
    }

    @Override
    public P getPosition(Document document) {
        return unique.getPosition(document);
    }

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        return unique.getKeyValues(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        unique.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        unique.add(document, position, collection);
        lookup.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return unique.remove(document);
    }

    @Override
    public boolean canHandle(Document query) {
        return unique.canHandle(query);
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return unique.getPositions(query);
    }

    @Override
    public long getCount() {
        return unique.getCount();
    }

    @Override
    public boolean isEmpty() {
        return unique.isEmpty();
    }

    @Override
    public long getDataSize() {
        return unique.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        unique.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) throws KeyConstraintError {
        unique.updateInPlace(oldDocument, newDocument, position, collection);
        lookup.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public boolean hasSameOptions(Index<?> other) {
        return unique.hasSameOptions(other instanceof ShadowedUniqueIndex ? ((ShadowedUniqueIndex<?>) other).unique : other);
    }

    @Override
    public boolean isUnique() {
        return true;
    }

    @Override
    public Document toIndexDescription() {
        return unique.toIndexDescription();
    }

    @Override
    public void drop() {
        unique.drop();
        lookup.drop();
    }

    @Override
    public String toString() {
        return unique.toString();
    }
}
