package org.magpie.client.service.smack.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes through a stream for a job's progress, and stops it when the user pauses. */
final class ProgressStream extends FilterInputStream {

    private final TransferJob job;
    private long position;

    ProgressStream(InputStream in, TransferJob job, long start) {
        super(in);
        this.job = job;
        this.position = start;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        job.checkStopped();
        int n = super.read(b, off, len);
        if (n > 0) {
            position += n;
            job.moved(position);
        }
        return n;
    }
}
