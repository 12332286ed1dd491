package org.magpie.client.ui.login;

import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.contributions.IContributionFactory;

/** Finds the {@link LoginFlow} (see there for the order). */
public final class LoginFlows {

    /** Product property naming a LoginFlow class as {@code bundleclass://bundle/fully.qualified.Class}. */
    public static final String PRODUCT_PROPERTY = "loginFlowURI";

    private LoginFlows() {
    }

    /** The login flow for {@code context}, or null when none is installed. */
    public static LoginFlow find(IEclipseContext context) {
        LoginFlow flow = context.get(LoginFlow.class);
        if (flow != null) {
            return flow;
        }
        IProduct product = Platform.getProduct();
        String uri = product == null ? null : product.getProperty(PRODUCT_PROPERTY);
        if (uri == null || uri.isBlank()) {
            return null;
        }
        Object made = context.get(IContributionFactory.class).create(uri.trim(), context);
        if (!(made instanceof LoginFlow)) {
            throw new IllegalStateException("product property " + PRODUCT_PROPERTY + "=" + uri
                    + " does not name a class implementing " + LoginFlow.class.getName() + ": " + made);
        }
        return (LoginFlow) made;
    }
}
