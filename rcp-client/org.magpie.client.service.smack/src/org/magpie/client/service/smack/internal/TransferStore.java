package org.magpie.client.service.smack.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resumable state of unfinished transfers: one {@link TransferRecord} each, kept in
 * {@link TransferRecords}' private folder, so that a transfer continues after the client restarts.
 */
public final class TransferStore {

    private static final Logger LOG = Logger.getLogger(TransferStore.class.getName());

    private final TransferRecords records;

    public TransferStore(Path dir) {
        this.records = new TransferRecords(dir);
    }

    public void save(TransferRecord record) {
        records.save(record.id(), record.toProperties());
    }

    public void delete(String id) {
        records.delete(id);
    }

    /** The unfinished transfers of {@code account}; unreadable records are skipped. */
    public List<TransferRecord> of(String account) {
        List<TransferRecord> result = new ArrayList<>();
        for (Properties p : records.all()) {
            if (!account.equals(p.getProperty("account")) || p.getProperty("id") == null) {
                continue;
            }
            try {
                result.add(TransferRecord.of(p));
            } catch (RuntimeException broken) {
                LOG.log(Level.WARNING, "An unreadable transfer record was skipped", broken);
            }
        }
        return result;
    }
}
