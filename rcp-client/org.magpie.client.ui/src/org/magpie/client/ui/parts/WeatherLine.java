package org.magpie.client.ui.parts;

import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.magpie.client.model.Texts;
import org.magpie.client.model.WeatherPresenter;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.WeatherService;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.preferences.WeatherPreference;

/**
 * The weather line in the bottom trim (tool control {@code org.magpie.client.ui.toolcontrol.weather}):
 * the weather in the city of the preferences, with the forecast as tooltip (see
 * {@link WeatherPresenter}). It checks once a minute whether it is time to ask again.
 */
public class WeatherLine {

    /** How often the presenter is asked whether the weather is due. */
    static final int TICK_MS = 60_000;

    @Inject
    UISynchronize sync;

    @Inject
    Messages messages;

    private Composite box;
    private Label label;
    private WeatherPresenter presenter;
    private MessagingService service;
    private Runnable stopListening = () -> {
    };
    private final MessagingListener listener = new MessagingListener() {
        @Override
        public void stateChanged(ConnectionState state) {
            sync.asyncExec(() -> {
                if (presenter != null && label != null && !label.isDisposed()) {
                    presenter.online(state == ConnectionState.ONLINE);
                }
            });
        }
    };

    @PostConstruct
    public void createControls(Composite parent, @Optional WeatherService weather, @Optional MessagingService messaging) {
        box = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 2).applyTo(box);
        label = new Label(box, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(label);
        label.setVisible(false);
        if (weather == null || messaging == null) {
            return; // no weather without a server to ask
        }
        presenter = new WeatherPresenter(weather, new Texts(messages.locale()), Clock.systemUTC(), sync::asyncExec,
                new WeatherPresenter.View() {
                    @Override
                    public void show(String text, String tooltip) {
                        WeatherLine.this.show(text, tooltip);
                    }

                    @Override
                    public void hide() {
                        WeatherLine.this.show(null, null);
                    }
                });
        WeatherPreference preference = WeatherPreference.atInstanceScope();
        stopListening = preference.listen(city -> sync.asyncExec(() -> {
            if (!label.isDisposed()) {
                presenter.city(city);
            }
        }));
        service = messaging;
        service.addListener(listener);
        presenter.city(preference.city());
        presenter.online(service.state() == ConnectionState.ONLINE);
        label.getDisplay().timerExec(TICK_MS, this::tick);
    }

    private void tick() {
        if (label == null || label.isDisposed()) {
            return;
        }
        presenter.tick();
        label.getDisplay().timerExec(TICK_MS, this::tick);
    }

    /** Shows a text with its tooltip, or nothing (null). */
    private void show(String text, String tooltip) {
        if (label == null || label.isDisposed()) {
            return;
        }
        label.setText(text == null ? "" : text);
        label.setToolTipText(tooltip);
        label.setVisible(text != null);
        box.getShell().layout(true, true);
    }

    /** The presenter (for tests), or null without a weather service. */
    public WeatherPresenter presenter() {
        return presenter;
    }

    /** The label showing the weather (for tests). */
    public Label label() {
        return label;
    }

    @PreDestroy
    void dispose() {
        stopListening.run();
        if (service != null) {
            service.removeListener(listener);
        }
    }
}
