package org.magpie.client.ui.login;

import org.eclipse.swt.widgets.Shell;

/**
 * THE HOOK for the login and registration dialogs: implement it, and Magpie runs it before the
 * main window opens and again after "File > Log out".
 * <p>
 * Where it is found (first match wins), see {@link LoginFlows#find}:
 * <ol>
 * <li>an OSGi service of this type (e.g. a DS {@code @Component(service = LoginFlow.class)}) or a
 * value put into the application context under {@code LoginFlow.class};</li>
 * <li>a class named by the product property {@value LoginFlows#PRODUCT_PROPERTY} in
 * org.magpie.client.ui/plugin.xml, as a {@code bundleclass://bundle/class} URI; it is created by
 * e4 dependency injection in the application context, so it may {@code @Inject} the
 * {@code MessagingService}, {@code UISynchronize}, {@code Messages} and so on.</li>
 * </ol>
 * Without any, the main window opens directly (offline); that is the state until the dialogs exist.
 * <p>
 * Both calls come on the SWT UI thread, and the dialog must be modal (run its own event loop), for
 * example a JFace {@code Dialog}. Long work (connecting, registering) belongs in presenters of
 * org.magpie.client.model that do not block the UI thread.
 */
public interface LoginFlow {

    /**
     * Shows the login dialog (with its way to registration) and returns when the user is logged in
     * or gave up.
     *
     * @param parent null at start-up, when no Magpie window exists yet (create a top-level
     *               {@code Shell} on {@code Display.getCurrent()}); the main window's shell after
     *               "Log out"
     * @return true when an account is logged in and the main window should show; false to quit
     *         Magpie
     */
    boolean logIn(Shell parent);
}
