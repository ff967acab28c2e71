package folio.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Picks the documents a query can match from its collection's indexes, so that a find, count,
 * update, delete, findAndModify or aggregate (leading $match) by an indexed field reads those
 * documents instead of the whole collection. mongo-java-server uses an index only when the query is
 * exactly {@code {field: value}} or {@code {field: {$in: […]}}} on a unique index, while Payload's
 * queries look like {@code {$and: [{parent: {$eq: id}}, {latest: {$eq: true}}]}}.
 *
 * <p>The index only narrows: the caller applies the whole query to the candidates, and they come in
 * the collection's natural order, so a result is exactly what a scan gives (ties of a sort, skip and
 * limit included). The shapes mongo-java-server serves from a unique index itself stay with it
 * ({@link #queryCandidates}). One planner per collection; its methods run under the collection's lock.
 */
final class QueryPlanner<P> {

    /** A way to find candidates: its size estimate, and the positions it adds to a set. */
    static final class Lookup<P> {
        final long estimate;
        final Consumer<Set<P>> positions;

        Lookup(long estimate, Consumer<Set<P>> positions) {
            this.estimate = estimate;
            this.positions = positions;
        }
    }

    /** The values of an {@code $in}, which mongo-java-server also finds inside arrays nested in an array field. */
    static final class InValues extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        InValues(List<?> values) {
            super(values);
        }
    }

    /**
     * Off after a write ran out of memory: its half-done changes may have reached the indexes but
     * not the documents (or been rolled back in H2), so from then on only scans give exact answers.
     * One database per process, so one switch.
     */
    private static volatile boolean trusted = true;

    /** The aggregate command running on this thread: {namespace, its leading $match}. */
    private static final ThreadLocal<Object[]> leadingMatch = new ThreadLocal<>();

    private final Supplier<List<Index<P>>> indexes;
    private final Function<P, Document> documentAt;
    private final Supplier<Stream<DocumentWithPosition<P>>> allDocuments;
    private final Comparator<? super P> naturalOrder;
    private final IntSupplier size;

    QueryPlanner(Supplier<List<Index<P>>> indexes, Function<P, Document> documentAt,
                 Supplier<Stream<DocumentWithPosition<P>>> allDocuments, Comparator<? super P> naturalOrder,
                 IntSupplier size) {
        this.indexes = indexes;
        this.documentAt = documentAt;
        this.allDocuments = allDocuments;
        this.naturalOrder = naturalOrder;
        this.size = size;
    }

    static void distrustIndexes() {
        trusted = false;
    }

    /**
     * A collection's query ({@code queryDocuments}): matched among the candidates when an index
     * narrows it ({@code fromCandidates}, the collection's own matcher), otherwise {@code scan}.
     */
    <R> R query(Document query, Document orderBy, Function<Stream<Document>, R> fromCandidates, Supplier<R> scan) {
        List<Document> candidates = queryCandidates(query, orderBy);
        return candidates == null ? scan.get() : fromCandidates.apply(candidates.stream());
    }

    /** The documents an aggregate of {@code namespace} starts from: those its leading $match can match, otherwise {@code all}. */
    Stream<Document> aggregateSource(String namespace, Supplier<Stream<Document>> all) {
        Document match = takeLeadingMatch(namespace);
        List<Document> candidates = match == null ? null : candidates(match, null);
        return candidates != null ? candidates.stream() : all.get();
    }

    /**
     * The candidates of a find, count, distinct, update, delete or findAndModify, or null to leave the
     * query to mongo-java-server. A query one of its unique indexes serves as it is ({@code {f: v}},
     * {@code {f: {$in: […]}}}, a regular expression) stays with it: it answers those in that index's
     * order rather than in natural order, and they keep getting exactly the answer they got before.
     * Any other query it scans.
     */
    List<Document> queryCandidates(Document query, Document orderBy) {
        if (query == null) return null;
        for (Index<P> index : indexes.get()) {
            if (index.canHandle(query)) return null;
        }
        return candidates(query, orderBy);
    }

    /**
     * The documents that can match {@code query}, in natural order, or null when no index narrows it
     * (then the caller scans). A {@code $natural} sort scans: its order is the storage's own. So does a
     * query that half the documents or more may match (say {@code {_status: 'published'}}): reading
     * them one by one from H2 costs more than reading them all in order.
     */
    List<Document> candidates(Document query, Document orderBy) {
        if (!trusted || query == null || orderBy != null && orderBy.containsKey("$natural")) return null;
        Map<String, List<List<Object>>> equalities = new HashMap<>();
        collectEqualities(query, equalities);
        if (equalities.isEmpty()) return null;
        buildNewIndexes();
        Lookup<P> best = null;
        for (Index<P> index : indexes.get()) {
            Lookup<P> lookup = index instanceof SecondaryIndex ? ((SecondaryIndex<P>) index).lookup(equalities)
                : index instanceof AbstractUniqueIndex ? uniqueLookup((AbstractUniqueIndex<P>) index, equalities)
                : null;
            if (lookup != null && (best == null || lookup.estimate < best.estimate)) best = lookup;
        }
        if (best == null || best.estimate * 2 > size.getAsInt()) return null;
        Set<P> found = new HashSet<>();
        best.positions.accept(found);
        List<P> positions = new ArrayList<>(found);
        positions.sort(naturalOrder);
        List<Document> documents = new ArrayList<>(positions.size());
        for (P position : positions) {
            Document document = documentAt.apply(position);
            if (document != null) documents.add(document);
        }
        return documents;
    }

    /** A collection's positions are leaving it: its secondary indexes drop them. */
    void removing(P position, Document document) {
        if (document == null) return;
        for (Index<P> index : indexes.get()) {
            if (index instanceof SecondaryIndex) ((SecondaryIndex<P>) index).forget(position, document);
        }
    }

    /** Builds the indexes created or opened since the last query, all in one pass over the collection. */
    void buildNewIndexes() {
        List<SecondaryIndex<P>> building = new ArrayList<>();
        for (Index<P> index : indexes.get()) {
            if (index instanceof SecondaryIndex && !((SecondaryIndex<P>) index).isBuilt()) building.add((SecondaryIndex<P>) index);
        }
        if (building.isEmpty()) return;
        try {
            allDocuments.get().forEach(entry -> {
                for (SecondaryIndex<P> index : building) index.build(entry.getDocument(), entry.getPosition());
            });
        } catch (RuntimeException | Error e) {
            building.forEach(SecondaryIndex::drop); // empty again, to be built by the next query
            throw e;
        }
        building.forEach(SecondaryIndex::markBuilt);
    }

    /**
     * A unique index serves single-segment fields queried with scalars only: its keys come from
     * mongo-java-server's own path and null rules, which agree with the matcher's there, except that
     * an $in also matches inside nested arrays, which it has no keys for (but _id holds no arrays).
     */
    private Lookup<P> uniqueLookup(AbstractUniqueIndex<P> index, Map<String, List<List<Object>>> equalities) {
        List<String> fields = new ArrayList<>();
        List<List<Object>> valuesPerField = new ArrayList<>();
        for (IndexKey key : index.getKeys()) {
            if (key.getKey().contains(".")) return null;
            List<Object> fewest = null;
            for (List<Object> values : equalities.getOrDefault(key.getKey(), List.of())) {
                if (values instanceof InValues && !key.getKey().equals("_id")) continue;
                if (values.stream().allMatch(SecondaryIndex::isScalar) && (fewest == null || values.size() < fewest.size())) {
                    fewest = values;
                }
            }
            if (fewest == null) return null;
            fields.add(key.getKey());
            valuesPerField.add(fewest);
        }
        List<Object> tuples = combinations(valuesPerField);
        if (tuples == null) return null;
        return new Lookup<>(tuples.size(), found -> {
            for (Object tuple : tuples) {
                Document keyQuery = new Document();
                for (int i = 0; i < fields.size(); i++) keyQuery.put(fields.get(i), ((List<?>) tuple).get(i));
                index.getPositions(keyQuery).forEach(found::add);
            }
        });
    }

    /** Each combination of one value per field, as lists; null past SecondaryIndex.MAX_KEYS. */
    static List<Object> combinations(List<List<Object>> valuesPerField) {
        List<Object> tuples = new ArrayList<>();
        tuples.add(List.of());
        for (List<Object> values : valuesPerField) {
            if ((long) tuples.size() * values.size() > SecondaryIndex.MAX_KEYS) return null;
            List<Object> longer = new ArrayList<>();
            for (Object tuple : tuples) {
                for (Object value : values) {
                    List<Object> extended = new ArrayList<>((List<?>) tuple);
                    extended.add(value);
                    longer.add(extended);
                }
            }
            tuples = longer;
        }
        return tuples;
    }

    /**
     * Adds, per field, the lists of values that a matching document's field must equal one of:
     * {@code v} and {@code {$eq: v}} give one value, {@code {$in: […]}} several, at the top level or
     * inside {@code $and} (and a single-branch {@code $or}), which every match satisfies. Any other
     * condition is left to the matcher.
     */
    static void collectEqualities(Document query, Map<String, List<List<Object>>> equalities) {
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals("$and") || field.equals("$or") && value instanceof List && ((List<?>) value).size() == 1) {
                if (!(value instanceof List)) continue;
                for (Object part : (List<?>) value) {
                    if (part instanceof Document) collectEqualities((Document) part, equalities);
                }
            } else if (!field.startsWith("$")) {
                List<Object> values = equalityValues(value);
                if (values != null) equalities.computeIfAbsent(field, f -> new ArrayList<>()).add(values);
            }
        }
    }

    private static List<Object> equalityValues(Object condition) {
        if (!(condition instanceof Document)) return Collections.singletonList(condition);
        Document operators = (Document) condition;
        // Only {$eq} and {$in} alone: mongo-java-server matches an embedded document {a: 1} loosely
        // (against a scalar as a sub-query, so {a: null} matches 5), and next to $ne, $nin or $all it
        // skips the other operators for arrays under a dotted path. No key reproduces either.
        if (operators.isEmpty() || !Set.of("$eq", "$in").containsAll(operators.keySet())) return null;
        if (operators.containsKey("$eq")) return Collections.singletonList(operators.get("$eq"));
        if (operators.get("$in") instanceof List) return new InValues((List<?>) operators.get("$in"));
        return null;
    }

    /**
     * Runs an aggregate command with its leading $match offered to the collection, which then starts
     * the pipeline from that match's candidates instead of every document (see {@link #takeLeadingMatch}).
     */
    static <T> T aggregating(String databaseName, String command, Document query, Supplier<T> run) {
        Object collection = query.get(command);
        Object pipeline = query.get("pipeline");
        if (!command.equalsIgnoreCase("aggregate") || !(collection instanceof String) || !(pipeline instanceof List)
            || ((List<?>) pipeline).isEmpty() || !(((List<?>) pipeline).get(0) instanceof Document)) {
            return run.get();
        }
        Document first = (Document) ((List<?>) pipeline).get(0);
        if (first.size() != 1 || !(first.get("$match") instanceof Document)) return run.get();
        leadingMatch.set(new Object[] {databaseName + "." + collection, first.get("$match")});
        try {
            return run.get();
        } finally {
            leadingMatch.remove();
        }
    }

    /**
     * The leading $match of the aggregate this thread runs over {@code namespace}, once: the
     * pipeline reads the collection first, so later reads (a $lookup into the same collection) get
     * nothing. The $match stage still filters what it is given.
     */
    static Document takeLeadingMatch(String namespace) {
        Object[] pending = leadingMatch.get();
        if (pending == null || !pending[0].equals(namespace)) return null;
        leadingMatch.remove();
        return (Document) pending[1];
    }
}
