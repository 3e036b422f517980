package org.steward.governance.web;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.steward.governance.inventory.InventoryEntry;
import org.steward.governance.inventory.InventoryService;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The model inventory for auditors, model risk and operations. */
@RestController
@RequestMapping("/api/v1/inventory")
@PreAuthorize("hasAnyRole('auditor', 'approver', 'validator', 'operations', 'admin')")
class InventoryController {

    private final InventoryService inventory;
    private final Clock clock;

    InventoryController(InventoryService inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    record Inventory(Instant asOf, List<InventoryEntry> models) {
    }

    @GetMapping
    Inventory inventory() {
        return new Inventory(clock.instant(), inventory.inventory());
    }
}
