import type { CommandBus } from '@support-engine/application';
import { WIDGET_CONFIGURATION_ID, type Widget, widgetOf, widgetsDecider } from '@support-engine/domain/widget';

/**
 * The widget key's configuration as the log holds it now (its stream folded, never a read model
 * that may lag: a key just added answers at once, a key just removed is refused at once).
 */
export async function currentWidget(bus: CommandBus, widgetKey: string): Promise<Widget | undefined> {
  return widgetOf(await bus.fold('widgets', WIDGET_CONFIGURATION_ID, widgetsDecider), widgetKey);
}
