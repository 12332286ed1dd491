package org.magpie.client.service.smack.internal;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.magpie.client.service.smack.SmackFileTransfers.Patience;

/**
 * What every transfer job works with, shared by the jobs of one {@code SmackFileTransfers}.
 *
 * @param work      runs the jobs' attempts
 * @param events    runs listener calls, one at a time and in order
 * @param forgotten told the id of a job that was cancelled (it is no transfer of the service's any more)
 */
public record TransferContext(FilesSession session, FileHttp http, FileMessages messages, TransferStore store,
        Patience patience, Executor work, Executor events, Consumer<String> forgotten) {
}
