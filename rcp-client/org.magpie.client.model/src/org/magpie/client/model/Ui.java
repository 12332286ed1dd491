package org.magpie.client.model;

import java.util.concurrent.Executor;

/**
 * Runs view updates where the view wants them (the SWT UI thread in the product, the calling
 * thread in tests). Presenters call their views only through it.
 */
@FunctionalInterface
public interface Ui extends Executor {
}
