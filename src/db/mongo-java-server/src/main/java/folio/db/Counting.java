package folio.db;

import de.bwaldvogel.mongo.bson.Document;

/** A collection that can count some queries from an index ({@link QueryPlanner#exactCount}). */
interface Counting {
    /** How many documents match, or -1 when the documents must be read to tell. */
    long exactCount(Document query);
}
