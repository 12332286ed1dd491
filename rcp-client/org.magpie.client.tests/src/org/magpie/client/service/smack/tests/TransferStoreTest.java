package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.Transfer.Direction;
import org.magpie.client.service.smack.internal.TransferRecord;
import org.magpie.client.service.smack.internal.TransferStore;

/** The resumable state of transfers: what is saved comes back as it was, per account. */
class TransferStoreTest {

    @TempDir
    Path dir;

    private static TransferRecord upload(String id, String account, FileMessage meta) {
        return new TransferRecord(id, Direction.UPLOAD, account, "10001@rooms.example.org", true,
                Path.of("/tmp/picture.png").toAbsolutePath(), "picture.png", 2048, 1024,
                "https://files.example.org/put/1", "https://files.example.org/get/1", meta);
    }

    @Test
    void aRecordComesBackWithEveryField() {
        FileMessage meta = new FileMessage("https://files.example.org/get/1", "picture.png", 2048, "image/png", "ab12",
                640, 480, "https://files.example.org/thumb/1", "image/jpeg");
        TransferRecord upload = upload("u1", "alice@example.org", meta);
        TransferRecord download = new TransferRecord("d1", Direction.DOWNLOAD, "alice@example.org", "bob@example.org",
                false, Path.of("/tmp/report.pdf").toAbsolutePath(), "report.pdf", -1, 0, null, null,
                new FileMessage("https://files.example.org/get/2", "report.pdf", -1, null, null, 0, 0, null, null));
        TransferStore store = new TransferStore(dir);
        store.save(upload);
        store.save(download);

        List<TransferRecord> back = new TransferStore(dir).of("alice@example.org");
        assertEquals(2, back.size());
        assertEquals(upload, back.stream().filter(r -> r.id().equals("u1")).findFirst().orElseThrow());
        assertEquals(download, back.stream().filter(r -> r.id().equals("d1")).findFirst().orElseThrow());
    }

    @Test
    void anUploadBeforeItsSlotHasNoFileDetails() {
        TransferRecord early = new TransferRecord("u2", Direction.UPLOAD, "alice@example.org", "bob@example.org", false,
                Path.of("/tmp/a.txt").toAbsolutePath(), "a.txt", 10, 0, null, null, null);
        assertNull(TransferRecord.of(early.toProperties()).meta());
        assertEquals(early, TransferRecord.of(early.toProperties()));
    }

    @Test
    void eachAccountSeesItsOwnAndABrokenRecordIsSkipped() throws Exception {
        TransferStore store = new TransferStore(dir);
        store.save(upload("a", "alice@example.org", null));
        store.save(upload("b", "bob@example.org", null));
        Files.writeString(dir.resolve("broken.transfer"), "id=broken\naccount=alice@example.org\ndirection=SIDEWAYS\n");

        assertEquals(List.of("a"), store.of("alice@example.org").stream().map(TransferRecord::id).toList());
        assertEquals(List.of("b"), store.of("bob@example.org").stream().map(TransferRecord::id).toList());

        store.delete("a");
        assertEquals(List.of(), store.of("alice@example.org"));
    }
}
