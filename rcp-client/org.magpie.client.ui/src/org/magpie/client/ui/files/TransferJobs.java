package org.magpie.client.ui.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.TransferPresenter;
import org.magpie.client.service.Transfer;

/**
 * Runs every moving transfer as an Eclipse {@link Job}: its monitor shows the transfer's title,
 * the progress line ("12.5 MB / 200 MB · 3.2 MB/s") and the work done, and cancelling the job
 * pauses the transfer (resumable, like the chat's cancel button). A resumed transfer gets a new job.
 */
public final class TransferJobs implements FilesPresenter.View {

    /** The family of the transfer jobs ({@link Job#belongsTo}). */
    public static final Object FAMILY = TransferJobs.class;
    private static final int WORK = 1000;

    private final TransferPresenter texts;
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    public TransferJobs(TransferPresenter texts) {
        this.texts = texts;
    }

    @Override
    public void transferChanged(Transfer t) {
        if (t.state() == Transfer.State.RUNNING && !running.containsKey(t.id())) {
            Job job = new TransferJob(t);
            running.put(t.id(), job);
            job.schedule();
        }
    }

    /** The job of a transfer that is moving, or null. */
    public Job job(String transferId) {
        return running.get(transferId);
    }

    private final class TransferJob extends Job {
        private final Transfer transfer;

        TransferJob(Transfer transfer) {
            super(texts.title(transfer));
            this.transfer = transfer;
            setUser(false);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == FAMILY;
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            Object signal = new Object();
            org.magpie.client.service.TransferListener wake = t -> {
                synchronized (signal) {
                    signal.notifyAll();
                }
            };
            transfer.addListener(wake);
            try {
                monitor.beginTask(texts.title(transfer), WORK);
                int reported = 0;
                while (transfer.state() == Transfer.State.RUNNING) {
                    if (monitor.isCanceled()) {
                        transfer.pause();
                        return Status.CANCEL_STATUS;
                    }
                    int percent = texts.percent(transfer);
                    int now = percent < 0 ? reported : percent * WORK / 100;
                    if (now > reported) {
                        monitor.worked(now - reported);
                        reported = now;
                    }
                    monitor.subTask(texts.progress(transfer));
                    synchronized (signal) {
                        signal.wait(250);
                    }
                }
                return transfer.state() == Transfer.State.FAILED
                        ? Status.warning(texts.title(transfer) + ": " + texts.progress(transfer))
                        : Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } finally {
                transfer.removeListener(wake);
                running.remove(transfer.id(), this);
                monitor.done();
                if (transfer.state() == Transfer.State.RUNNING) {
                    transferChanged(transfer); // resumed while this job was ending
                }
            }
        }
    }
}
